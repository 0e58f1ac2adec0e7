/** What a CLI bundle exports: main.ts loads one and calls it with the arguments. */
export interface CliEntry {
  main(argv: string[]): Promise<number>;
}
