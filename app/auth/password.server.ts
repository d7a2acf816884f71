import { hash, verify } from "@node-rs/argon2";
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as zxcvbnCommon from "@zxcvbn-ts/language-common";

// argon2id with OWASP's recommended minimums (19 MiB, 2 passes).
const ARGON2 = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "./schemas";

export function hashPassword(password: string) {
  return hash(password, ARGON2);
}

let dummyHash: Promise<string> | undefined;

/**
 * Checks a password against its hash. Without a hash (unknown email, invitation not yet
 * accepted) a dummy hash is checked anyway, so the answer takes as long either way and
 * does not reveal which emails have an account.
 */
export async function verifyPassword(passwordHash: string | null, password: string) {
  if (!passwordHash) {
    dummyHash ??= hashPassword("coach-os timing equaliser");
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let checker: ZxcvbnFactory | undefined;
function strength(password: string, userInputs: string[]) {
  checker ??= new ZxcvbnFactory({ dictionary: zxcvbnCommon.dictionary, graphs: zxcvbnCommon.adjacencyGraphs });
  return checker.check(password, userInputs);
}

/**
 * Breach-style rules: long enough, not one of the most common (leaked) passwords,
 * not guessable from the user's own email. Returns the messages to show, in French.
 */
export function passwordProblems(password: string, userInputs: string[] = []): string[] {
  if (password.length < PASSWORD_MIN_LENGTH) {
    return [`Le mot de passe doit contenir au moins ${PASSWORD_MIN_LENGTH} caractères.`];
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    return [`Le mot de passe doit contenir au plus ${PASSWORD_MAX_LENGTH} caractères.`];
  }
  const inputs = userInputs.flatMap((s) => [s, ...s.split(/[@._-]/)]).filter((s) => s.length >= 3);
  const result = strength(password, inputs);
  if (result.score < 3) {
    const fromInputs = result.sequence.some((m) => m.pattern === "dictionary" && m.dictionaryName === "userInputs");
    if (fromInputs) return ["Le mot de passe ne doit pas reprendre votre nom ou votre adresse email."];
    return [
      "Ce mot de passe est trop facile à deviner (il figure parmi des mots de passe courants ou suit un motif simple). " +
        "Choisissez une phrase de plusieurs mots ou ajoutez des caractères variés.",
    ];
  }
  return [];
}
