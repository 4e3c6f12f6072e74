/**
 * How a command-line script runs its main when it is run (not imported by a test): the number main
 * resolves to is the exit code; a fault main did not expect is printed whole and exits 1.
 */
export function runMain(main: () => Promise<number>): void {
  main()
    .then((code) => {
      process.exitCode = code;
    })
    .catch((e: unknown) => {
      console.error(e);
      process.exit(1);
    });
}
