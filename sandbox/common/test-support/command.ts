/** Runs a sandbox's `main.ts` as its own process, as a person starts it, for the command's tests. */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";

export function runCommand(main: string, args: string[]) {
  const child = spawn(process.execPath, [main, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  /** The next line the command prints. */
  const nextLine = async () => {
    const line = await lines.next();
    assert.ok(!line.done, `the command ended early: ${stderr}`);
    return line.value;
  };
  return { child, nextLine, stdout: () => stdout, stderr: () => stderr };
}

/** `--help` exits 0 with a text on stdout that matches every pattern. */
export async function assertHelpShows(main: string, patterns: RegExp[]): Promise<void> {
  const { child, stdout } = runCommand(main, ["--help"]);
  const [code] = await once(child, "exit");
  assert.equal(code, 0);
  for (const pattern of patterns) assert.match(stdout(), pattern);
}

/** Each of these command lines is refused: exit 2, with the usage text on stderr. */
export async function assertRefusedWithUsage(main: string, argumentLists: string[][]) {
  for (const args of argumentLists) {
    const { child, stderr } = runCommand(main, args);
    const [code] = await once(child, "exit");
    assert.equal(code, 2, args.join(" "));
    assert.match(stderr(), /Usage:/);
  }
}
