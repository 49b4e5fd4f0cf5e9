// better-sqlite3-multiple-ciphers ships typings its package.json "exports" does not expose; its
// API is better-sqlite3's (13.x), so its typings are those.
declare module 'better-sqlite3-multiple-ciphers' {
  import Database from 'better-sqlite3';
  export default Database;
}
