// Public exports of processor/ (explicit names; re-exported by src/index.ts).
export {};
