/**
 * A refusal the user should read — a command's business rule, not a bug — named by the
 * translation key its form shows. Feature errors extend it so the action wrappers
 * (src/server/action.ts) map them all the same way.
 */
export class Refusal extends Error {
  constructor(readonly code: string) {
    super(code);
    this.name = 'Refusal';
  }
}
