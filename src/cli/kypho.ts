/** The `kypho` command line: dispatches to one subcommand per file. */
import { EXIT_BAD_INPUT, EXIT_OK, type Command, type Io } from './command';
import { compare } from './compare';
import { measure } from './measure';
import { score } from './score';
import { sr } from './sr';

/** Add a subcommand by writing its file and listing it here. */
const COMMANDS: readonly Command[] = [measure, compare, sr, score];

export const HELP = `kypho: vertebral fracture assessment from six-point landmarks (heights, Genant grades, SDI)

Usage:
  kypho COMMAND [ARGS...]
  kypho COMMAND --help     help on one command
  kypho --help             this text

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`).join('\n')}

Exit status: 0 on success, 2 on bad input or bad usage (nothing on stdout, the reasons on stderr).
`;

export async function runKypho(argv: readonly string[], io: Io): Promise<number> {
  const [first, ...rest] = argv;
  if (first === '--help' || first === '-h' || first === 'help') {
    const command = first === 'help' ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
    io.stdout(command ? command.help : HELP);
    return EXIT_OK;
  }
  const command = COMMANDS.find((c) => c.name === first);
  if (!command) {
    const problem = first === undefined ? 'no command given' : `unknown command ${JSON.stringify(first)}`;
    io.stderr(`kypho: ${problem}\n\n${HELP}`);
    return EXIT_BAD_INPUT;
  }
  return command.run(rest, io);
}
