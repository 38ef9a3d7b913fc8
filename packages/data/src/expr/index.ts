// Public exports of expr/ (explicit names; re-exported by src/index.ts).
export {};
