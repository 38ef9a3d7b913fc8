// Public exports of handler/ (explicit names; re-exported by src/index.ts).
export {};
