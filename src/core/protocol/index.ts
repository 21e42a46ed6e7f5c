/** The protocol core: parse, resolve (extends), compile for evaluation, compare. Pure: no I/O. */

export { compareProtocols, formatComparison, type ProtocolDifference } from './compare.ts';
export { compileProtocol } from './compile.ts';
export {
  type ProtocolProblem,
  parseProtocolText,
  protocolProblemsError,
} from './parse.ts';
export type { ProtocolDocument } from './protocol.schema.ts';
export { chainInForceSince, protocolChain, resolveProtocol } from './resolve.ts';
