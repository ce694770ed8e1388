// pgpass (the ~/.pgpass reader pg itself uses) ships no types.
declare module 'pgpass' {
  function pgpass(connection: { host?: string; port?: number; database?: string; user?: string }, callback: (password?: string) => void): void;
  export default pgpass;
}
