/** What every greenlet-ts transformer shares; free of any compiler dependency. */
export * from './names';
export * from './tags';
export * from './messages';
export * from './rules';
export * from './twin-keys';
export * from './what';
export * from './iteration';
