/** Misuse of the API: a cyclic parent, a greenlet of another thread, a switch the backend cannot suspend, … */
export class GreenletError extends Error {
  constructor(message?: string) {
    super(message);
    this.name = 'GreenletError';
  }
}

/**
 * Thrown into a greenlet to end it (the default error of `throw()`). A GreenletExit that
 * leaves a greenlet is not an error: its parent receives the object as a value.
 */
export class GreenletExit extends Error {
  constructor(message?: string) {
    super(message);
    this.name = 'GreenletExit';
  }
}
