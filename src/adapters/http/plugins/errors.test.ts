import { describe, expect, it } from 'vitest';
import { ERRORS, VigilError } from '../../../core/errors.ts';
import { translateError } from './errors.ts';

describe('translateError', () => {
  it('keeps a VigilError: its status, code, message and details', () => {
    const err = new VigilError('PERSON_INVALID', 'no principal', [
      { path: 'principalId', message: 'unknown' },
    ]);
    expect(translateError(err, 'r1')).toEqual({
      status: 422,
      internal: false,
      body: {
        error: {
          code: 'PERSON_INVALID',
          message: 'no principal',
          details: [{ path: 'principalId', message: 'unknown' }],
          hint: ERRORS.PERSON_INVALID.hint,
        },
      },
    });
  });

  it('lists every validation issue with where it is', () => {
    const err = Object.assign(new Error('bad'), {
      validationContext: 'querystring',
      validation: [
        { instancePath: '/limit', message: 'Too big' },
        { instancePath: '/', message: 'Unrecognized key: "x"' },
      ],
    });
    expect(translateError(err, 'r1').body.error).toEqual({
      code: 'VALIDATION_FAILED',
      message: 'the request does not match the schema (2 problems)',
      details: [
        { path: 'query.limit', message: 'Too big' },
        { path: 'query', message: 'Unrecognized key: "x"' },
      ],
      hint: ERRORS.VALIDATION_FAILED.hint,
    });
  });

  it.each([
    ['FST_ERR_CTP_INVALID_JSON_BODY', 400, 'BAD_JSON'],
    ['FST_ERR_CTP_EMPTY_JSON_BODY', 400, 'BAD_JSON'],
    ['FST_ERR_CTP_BODY_TOO_LARGE', 413, 'PAYLOAD_TOO_LARGE'],
    ['FST_ERR_CTP_INVALID_MEDIA_TYPE', 415, 'UNSUPPORTED_MEDIA_TYPE'],
  ])('maps Fastify %s to %i %s', (code, status, ours) => {
    const t = translateError(Object.assign(new Error('x'), { code, statusCode: status }), 'r1');
    expect([t.status, t.body.error.code, t.internal]).toEqual([status, ours, false]);
  });

  it('hides anything unexpected behind INTERNAL, naming the request id', () => {
    const t = translateError(new TypeError('cannot read properties of undefined (reading "rows")'), 'req-42');
    expect(t).toMatchObject({
      status: 500,
      internal: true,
      body: { error: { code: 'INTERNAL', details: [] } },
    });
    expect(t.body.error.message).toContain('req-42');
    expect(t.body.error.message).not.toContain('rows');
  });
});
