/**
 * Password hashing with argon2id (@node-rs/argon2), the PasswordHasher the user service gets
 * injected (services never import a native module). Parameters: OWASP's argon2id minimum
 * (19 MiB, 2 passes, 1 lane), about 15 ms per hash here; stored as PHC strings, so raising them
 * later leaves existing hashes verifiable.
 *
 * Strength is zxcvbn's score (@zxcvbn-ts, common passwords and keyboard graphs), built once
 * on first use: the dictionaries take a moment to index.
 */
import { type Algorithm, hash, verify } from '@node-rs/argon2';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import type { PasswordHasher } from '../services/access/ports.ts';

/** `Algorithm.Argon2id`: the package declares a const enum, which type stripping cannot inline. */
const ARGON2ID = 2 as Algorithm;

let estimator: ZxcvbnFactory | null = null;

export const argon2Passwords: PasswordHasher = {
  hash: (password) =>
    hash(password, { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 }),
  async verify(stored, password) {
    if (!stored.startsWith('$argon2id$')) return false;
    try {
      return await verify(stored, password);
    } catch {
      return false;
    }
  },
  strength(password, userInputs) {
    estimator ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });
    // zxcvbn's cost grows with length; past 100 characters the score is 4 anyway.
    return estimator.check(password.slice(0, 100), [...userInputs]).score;
  },
};
