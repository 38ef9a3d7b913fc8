// Public exports of storage/ (explicit names; re-exported by src/index.ts).
export {};
