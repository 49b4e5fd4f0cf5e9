// The part of httpntlm CareDock uses: its NTLM message functions (the package ships no types).
declare module 'httpntlm' {
  interface NtlmOptions {
    username: string;
    password: string;
    domain: string;
    workstation: string;
  }
  interface Type2Message {
    readonly type: number;
  }
  const httpntlm: {
    ntlm: {
      createType1Message(options: NtlmOptions): string;
      parseType2Message(header: string, callback: (error?: Error) => void): Type2Message | null;
      createType3Message(type2: Type2Message, options: NtlmOptions): string;
    };
  };
  export default httpntlm;
}
