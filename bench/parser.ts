/**
 * Hot marked code with rare switches (issue 15): a recursive-descent parser and evaluator of
 * arithmetic, whose lexer takes its tokens 64 at a time from a producer that tokenizes the
 * source text. Every token goes through a few calls that could suspend (`peek`, `take`, the
 * parse functions) and one call in 64 really does. The same program is written four ways, as a
 * user would write it without greenlet-ts and with it:
 *
 * - plainly: the lexer calls the producer as a function (nothing can suspend);
 * - with `yield*`: every parse function is a generator, the lexer yields up to a driver loop
 *   that runs the producer (a generator) for the next chunk;
 * - with async/await: every parse function is async, the lexer awaits the producer (an async
 *   generator);
 * - with greenlets: the parse functions are marked, the lexer switches to the producer's
 *   greenlet, which switches back with the next chunk.
 *
 * Run by bench/run.js once per backend and build (tspc, Babel), `node parser.js [--baselines]`;
 * prints ns per token (see measure.ts) as `parser-plain`, `parser-generators`, `parser-async`
 * (with --baselines) and `parser` (greenlets).
 */
import { Greenlet, getcurrent } from 'greenlet-ts';
import { report, timeInterleaved, timeit } from './measure';

const CHUNK = 64;
// Tokens: a number is its value (≥ 0); operators and the end are negative codes.
const PLUS = -1;
const MINUS = -2;
const TIMES = -3;
const OPEN = -4;
const CLOSE = -5;
const END = -6;

// ---------------------------------------------------------------------------------------------
// The source text and its tokenizer, shared by every variant (the producer's work).

/** An expression of about `tokens` tokens, the same every run (a fixed linear congruence). */
export function makeSource(tokens: number): string {
  let seed = 12345;
  const rand = (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
    return seed % n;
  };
  const out: string[] = [];
  let count = 0;
  const expr = (depth: number): void => {
    term(depth);
    while (count < tokens && rand(3) !== 0) {
      out.push(rand(2) ? ' + ' : ' - ');
      count++;
      term(depth);
    }
  };
  const term = (depth: number): void => {
    factor(depth);
    while (count < tokens && rand(3) === 0) {
      out.push(' * ');
      count++;
      factor(depth);
    }
  };
  const factor = (depth: number): void => {
    const r = rand(8);
    if (depth < 12 && r < 2) {
      out.push('(');
      count++;
      expr(depth + 1);
      out.push(')');
      count++;
    } else if (r === 2) {
      out.push('-');
      count++;
      factor(depth);
    } else {
      out.push(String(rand(1000)));
      count++;
    }
  };
  while (count < tokens) {
    if (out.length > 0) {
      out.push(' + ');
      count++;
    }
    expr(0);
  }
  return out.join('');
}

/** Tokenizes `src` from `at` into `buf`, up to CHUNK tokens; returns where it stopped. */
function lexChunk(src: string, at: number, buf: Int32Array): { at: number; count: number } {
  let count = 0;
  while (count < CHUNK) {
    while (at < src.length && src.charCodeAt(at) === 32) at++;
    if (at >= src.length) {
      buf[count++] = END;
      break;
    }
    const c = src.charCodeAt(at);
    if (c >= 48 && c <= 57) {
      let v = 0;
      while (at < src.length && src.charCodeAt(at) >= 48 && src.charCodeAt(at) <= 57) v = v * 10 + (src.charCodeAt(at++) - 48);
      buf[count++] = v;
      continue;
    }
    at++;
    buf[count++] = c === 43 ? PLUS : c === 45 ? MINUS : c === 42 ? TIMES : c === 40 ? OPEN : c === 41 ? CLOSE : END;
  }
  return { at, count };
}

/** The lexer's state: the current chunk and the position in it. */
class Tokens {
  readonly buf = new Int32Array(CHUNK);
  pos = 0;
  count = 0;
}

// ---------------------------------------------------------------------------------------------
// Plain JavaScript: nothing can suspend.

class PlainLexer extends Tokens {
  private at = 0;
  constructor(private readonly src: string) {
    super();
  }
  refill(): void {
    const r = lexChunk(this.src, this.at, this.buf);
    this.at = r.at;
    this.count = r.count;
    this.pos = 0;
  }
  peek(): number {
    if (this.pos === this.count) this.refill();
    return this.buf[this.pos]!;
  }
  take(): number {
    if (this.pos === this.count) this.refill();
    return this.buf[this.pos++]!;
  }
}

function plainExpr(lx: PlainLexer): number {
  let v = plainTerm(lx);
  for (;;) {
    const t = lx.peek();
    if (t !== PLUS && t !== MINUS) return v;
    lx.take();
    const w = plainTerm(lx);
    v = t === PLUS ? (v + w) | 0 : (v - w) | 0;
  }
}

function plainTerm(lx: PlainLexer): number {
  let v = plainFactor(lx);
  while (lx.peek() === TIMES) {
    lx.take();
    v = Math.imul(v, plainFactor(lx));
  }
  return v;
}

function plainFactor(lx: PlainLexer): number {
  const t = lx.take();
  if (t >= 0) return t;
  if (t === MINUS) return -plainFactor(lx) | 0;
  if (t !== OPEN) throw new SyntaxError(`unexpected token ${t}`);
  const v = plainExpr(lx);
  if (lx.take() !== CLOSE) throw new SyntaxError('expected )');
  return v;
}

export function parsePlain(src: string): number {
  const lx = new PlainLexer(src);
  const v = plainExpr(lx);
  if (lx.take() !== END) throw new SyntaxError('expected the end');
  return v;
}

// ---------------------------------------------------------------------------------------------
// `yield*`: the lexer yields REFILL up the generator chain to a driver, which runs the producer.

const REFILL = Symbol('refill');
type Parse<T> = Generator<typeof REFILL, T, number>;

function* producerGen(src: string, buf: Int32Array): Generator<number, void, unknown> {
  let at = 0;
  for (;;) {
    const r = lexChunk(src, at, buf);
    at = r.at;
    yield r.count;
  }
}

class GenLexer extends Tokens {
  *peek(): Parse<number> {
    if (this.pos === this.count) {
      this.count = yield REFILL;
      this.pos = 0;
    }
    return this.buf[this.pos]!;
  }
  *take(): Parse<number> {
    if (this.pos === this.count) {
      this.count = yield REFILL;
      this.pos = 0;
    }
    return this.buf[this.pos++]!;
  }
}

function* genExpr(lx: GenLexer): Parse<number> {
  let v = yield* genTerm(lx);
  for (;;) {
    const t = yield* lx.peek();
    if (t !== PLUS && t !== MINUS) return v;
    yield* lx.take();
    const w = yield* genTerm(lx);
    v = t === PLUS ? (v + w) | 0 : (v - w) | 0;
  }
}

function* genTerm(lx: GenLexer): Parse<number> {
  let v = yield* genFactor(lx);
  while ((yield* lx.peek()) === TIMES) {
    yield* lx.take();
    v = Math.imul(v, yield* genFactor(lx));
  }
  return v;
}

function* genFactor(lx: GenLexer): Parse<number> {
  const t = yield* lx.take();
  if (t >= 0) return t;
  if (t === MINUS) return -(yield* genFactor(lx)) | 0;
  if (t !== OPEN) throw new SyntaxError(`unexpected token ${t}`);
  const v = yield* genExpr(lx);
  if ((yield* lx.take()) !== CLOSE) throw new SyntaxError('expected )');
  return v;
}

function* genProgram(lx: GenLexer): Parse<number> {
  const v = yield* genExpr(lx);
  if ((yield* lx.take()) !== END) throw new SyntaxError('expected the end');
  return v;
}

export function parseGenerators(src: string): number {
  const lx = new GenLexer();
  const producer = producerGen(src, lx.buf);
  const parser = genProgram(lx);
  let r = parser.next(0);
  while (!r.done) r = parser.next(producer.next().value as number);
  return r.value;
}

// ---------------------------------------------------------------------------------------------
// async/await: the lexer awaits the producer, an async generator.

async function* producerAsync(src: string, buf: Int32Array): AsyncGenerator<number, void, unknown> {
  let at = 0;
  for (;;) {
    const r = lexChunk(src, at, buf);
    at = r.at;
    yield r.count;
  }
}

class AsyncLexer extends Tokens {
  private readonly producer: AsyncGenerator<number, void, unknown>;
  constructor(src: string) {
    super();
    this.producer = producerAsync(src, this.buf);
  }
  async refill(): Promise<void> {
    this.count = (await this.producer.next()).value as number;
    this.pos = 0;
  }
  async peek(): Promise<number> {
    if (this.pos === this.count) await this.refill();
    return this.buf[this.pos]!;
  }
  async take(): Promise<number> {
    if (this.pos === this.count) await this.refill();
    return this.buf[this.pos++]!;
  }
}

async function asyncExpr(lx: AsyncLexer): Promise<number> {
  let v = await asyncTerm(lx);
  for (;;) {
    const t = await lx.peek();
    if (t !== PLUS && t !== MINUS) return v;
    await lx.take();
    const w = await asyncTerm(lx);
    v = t === PLUS ? (v + w) | 0 : (v - w) | 0;
  }
}

async function asyncTerm(lx: AsyncLexer): Promise<number> {
  let v = await asyncFactor(lx);
  while ((await lx.peek()) === TIMES) {
    await lx.take();
    v = Math.imul(v, await asyncFactor(lx));
  }
  return v;
}

async function asyncFactor(lx: AsyncLexer): Promise<number> {
  const t = await lx.take();
  if (t >= 0) return t;
  if (t === MINUS) return -(await asyncFactor(lx)) | 0;
  if (t !== OPEN) throw new SyntaxError(`unexpected token ${t}`);
  const v = await asyncExpr(lx);
  if ((await lx.take()) !== CLOSE) throw new SyntaxError('expected )');
  return v;
}

export async function parseAsync(src: string): Promise<number> {
  const lx = new AsyncLexer(src);
  const v = await asyncExpr(lx);
  if ((await lx.take()) !== END) throw new SyntaxError('expected the end');
  return v;
}

// ---------------------------------------------------------------------------------------------
// Greenlets: the parse functions are marked; the lexer switches to the producer's greenlet.

/** The producer's greenlet: tokenizes the next chunk whenever the parser switches to it. */
/** @greenlet */
function produce(src: string, buf: Int32Array, consumer: Greenlet): void {
  let at = 0;
  for (;;) {
    const r = lexChunk(src, at, buf);
    at = r.at;
    consumer.switch(r.count);
  }
}

class GreenletLexer extends Tokens {
  private readonly producer = new Greenlet(produce);
  private started = false;
  constructor(private readonly src: string) {
    super();
  }
  /** @greenlet */
  refill(): void {
    // The first switch starts the producer, with what it works on.
    this.count = (this.started ? this.producer.switch() : this.producer.switch(this.src, this.buf, getcurrent())) as number;
    this.started = true;
    this.pos = 0;
  }
  /** @greenlet */
  peek(): number {
    if (this.pos === this.count) this.refill();
    return this.buf[this.pos]!;
  }
  /** @greenlet */
  take(): number {
    if (this.pos === this.count) this.refill();
    return this.buf[this.pos++]!;
  }
  /** Ends the producer (its greenlet would otherwise wait to be collected). */
  /** @greenlet */
  close(): void {
    this.producer.throw();
  }
}

/** @greenlet */
function greenletExpr(lx: GreenletLexer): number {
  let v = greenletTerm(lx);
  for (;;) {
    const t = lx.peek();
    if (t !== PLUS && t !== MINUS) return v;
    lx.take();
    const w = greenletTerm(lx);
    v = t === PLUS ? (v + w) | 0 : (v - w) | 0;
  }
}

/** @greenlet */
function greenletTerm(lx: GreenletLexer): number {
  let v = greenletFactor(lx);
  while (lx.peek() === TIMES) {
    lx.take();
    v = Math.imul(v, greenletFactor(lx));
  }
  return v;
}

/** @greenlet */
function greenletFactor(lx: GreenletLexer): number {
  const t = lx.take();
  if (t >= 0) return t;
  if (t === MINUS) return -greenletFactor(lx) | 0;
  if (t !== OPEN) throw new SyntaxError(`unexpected token ${t}`);
  const v = greenletExpr(lx);
  if (lx.take() !== CLOSE) throw new SyntaxError('expected )');
  return v;
}

/** @greenlet */
function greenletProgram(src: string): number {
  const lx = new GreenletLexer(src);
  try {
    const v = greenletExpr(lx);
    if (lx.take() !== END) throw new SyntaxError('expected the end');
    return v;
  } finally {
    lx.close();
  }
}

/** Parses `src` in a new greenlet (cps runs marked code only inside one). */
export function parseGreenlet(src: string): number {
  return new Greenlet(greenletProgram).switch(src) as number;
}

// ---------------------------------------------------------------------------------------------

/** The tokens of `src`, the end not counted. */
function countTokens(src: string): number {
  const buf = new Int32Array(CHUNK);
  let tokens = 0;
  for (let at = 0; ; ) {
    const r = lexChunk(src, at, buf);
    at = r.at;
    if (buf[r.count - 1] === END) return tokens + r.count - 1;
    tokens += r.count;
  }
}

/** Tokens in the benchmark's source: the parser had 43,689. */
export const TOKENS = 43_689;

async function main(): Promise<void> {
  const src = makeSource(TOKENS);
  const expected = parsePlain(src);
  const check = (name: string, v: number) => {
    if (v !== expected) throw new Error(`${name} computed ${v}, plain JavaScript ${expected}`);
  };
  check('the yield* parser', parseGenerators(src));
  check('the async parser', await parseAsync(src));
  check('the greenlet parser', parseGreenlet(src));
  // Per token, so that the figures read as the cost of the code around one token.
  const tokens = countTokens(src);
  if (process.argv.includes('--baselines')) {
    // Interleaved, so the ratios of this run compare samples taken side by side.
    const figures = await timeInterleaved(
      { 'parser-plain': () => parsePlain(src), 'parser-generators': () => parseGenerators(src), 'parser-async': () => parseAsync(src), parser: () => parseGreenlet(src) },
      tokens,
    );
    for (const [name, figure] of Object.entries(figures)) report(name, { ...figure, tokens });
    return;
  }
  report('parser', { ...(await timeit(() => parseGreenlet(src), tokens)), tokens });
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
