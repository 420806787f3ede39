// asl-validator 3.x ships no type declarations; this is the part the tests use.
declare module 'asl-validator' {
  interface ValidationResult {
    isValid: boolean;
    errors: { message?: string }[];
    errorsText(separator?: string): string;
  }
  function validator(definition: unknown, opts?: { checkPaths?: boolean; checkArn?: boolean }): ValidationResult;
  export = validator;
}
