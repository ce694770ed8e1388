// jsbarcode's Code 128 encoders (the package's own typings cover only its DOM entry point).
declare module 'jsbarcode/bin/barcodes/CODE128/index.js' {
  interface Encoded {
    /** one character per module: '1' a bar, '0' a space; start, data, check and stop symbols, no quiet zones */
    data: string;
    text: string;
  }
  class Code128Encoder {
    constructor(data: string, options: object);
    valid(): boolean;
    encode(): Encoded;
  }
  /** Chooses code sets A, B and C to keep the symbol short */
  export class CODE128 extends Code128Encoder {}
  export class CODE128B extends Code128Encoder {}
}
