// Help texts of the CLI. Kept beside each other so they stay consistent; tests check that every
// option a command accepts is listed here.
import { CATALOGUE } from '../core/catalogue.ts';
import { DEFAULT_WORK_BUDGET, MAX_SEEDS } from '../core/limits.ts';
import { PRESET_NAMES } from '../core/presets.ts';
import {
  DEFAULT_ADMIN_DELAY_MS,
  DEFAULT_FAILURE_AT_MS,
  DEFAULT_FAILURE_MIX,
  DEFAULT_SEEDS,
} from '../runtime/experiment.ts';

const CLI = 'npm run --silent cli --';
const BUDGET = DEFAULT_WORK_BUDGET.toLocaleString('en-US');

export const MAIN_HELP = `Mayday: the cluster node distress signal, headless.

Usage:
  ${CLI} run FILE [--json] [--messages] [--seed N] [--trace OUT] [--max-work N]
  ${CLI} compare FILE --set PATH=VALUE … [--json]
  ${CLI} experiment [options]
  ${CLI} COMMAND --help

Commands:
  run          run one scenario and tell what happened (or print it as JSON)
  compare      run one scenario under two settings: metrics side by side, first divergence
  experiment   run a grid of settings × seeds and print the comparison table

Exit codes: 0 done, 1 internal error, 2 bad input (the message on stderr says what to fix).

Formats (scenario, trace events, metrics): docs/formats.md and the JSON Schemas in schemas/.

Examples:
  ${CLI} run my-scenario.json
  ${CLI} run my-scenario.json --trace run.trace.json
  ${CLI} compare my-scenario.json --set distress=false
  ${CLI} experiment --policy manual,quorum --distress on,off --seeds 50
`;

export const RUN_HELP = `Run one scenario headless, on the virtual clock, with the same machines as the Lab.

Usage:
  ${CLI} run FILE [--json] [--messages] [--seed N] [--trace OUT] [--max-work N]

FILE is a scenario in JSON (version 1; docs/formats.md, schemas/scenario.schema.json);
'-' reads it from stdin.

Options:
  --json       print one JSON object {"metrics": …, "events": […]} on stdout
               (schemas/run-output.schema.json) instead of the readable summary
  --messages   include every message sent, delivered and dropped (msg.* events);
               in the summary, their counts
  --seed N     use seed N instead of the scenario's (a whole number)
  --trace OUT  also write the trace with its scenario to the file OUT (a trace file,
               docs/trace-file.md: one event per line; the Lab imports it); with
               --messages it holds the msg.* events too
  --max-work N the work budget, in node-ticks: nodes × durationMs ÷ heartbeat.intervalMs
               (default ${BUDGET}, about 20 s of one core); a scenario over it is refused
               up front with the numbers
  -h, --help   this help

The same scenario and seed always print the same bytes. A scenario that breaks the format is
refused with one line per problem, naming the field, and exit code 2.

Examples:
  ${CLI} run scenario.json
  ${CLI} run scenario.json --json --messages | jq '.events | length'
  echo '{"version":1,"nodes":5,"resources":[{"name":"db","primary":"n1","backups":["n2"]}],
        "durationMs":30000,"events":[{"at":5000,"kind":"failure","node":"n1","type":"power-loss"}]}' |
    ${CLI} run - --seed 7
`;

export const COMPARE_HELP = `Run one scenario twice with the same seed, under two settings, and show what changed.

Usage:
  ${CLI} compare FILE --set PATH=VALUE [--set PATH=VALUE …] [--base PATH=VALUE …] [--json]

Run A is the scenario in FILE ('-' = stdin), changed by any --base settings; run B is run A
changed by the --set settings. PATH is a field of the scenario (DESIGN.md §4.1) written with
dots and [index]: distress, policy, preset, options.mode, options.preformed,
heartbeat.timeoutMs, network.loss, events[0].warningMs… VALUE is JSON (false, 20, [1,5])
or plain text (quorum).

Options:
  --set PATH=VALUE   a change that makes run B (repeat for several)
  --base PATH=VALUE  a change to run A too (e.g. --base policy=manual --set policy=quorum)
  --json             one JSON object: {a, b, differences, divergence}; a and b hold their
                     changes, metrics and event counts, differences the metrics that differ
                     (path, a, b, delta), divergence the first event that differs or null
  -h, --help         this help

Printed: every metric of both runs (those that differ marked *), and the first divergence:
the first trace event (messages included) where the two runs differ, with its time and both
runs' events there. A PATH the scenario does not have, or a VALUE that makes it invalid, is
refused with the field named and exit code 2.

Examples:
  ${CLI} compare scenario.json --set distress=false
  ${CLI} compare scenario.json --set options.mode=sync --set options.preformed=false
  ${CLI} compare scenario.json --base policy=manual --set policy=quorum --json
`;

const failureTypes = CATALOGUE.map((e) => e.type).join(', ');

export const EXPERIMENT_HELP = `Run a grid of settings × seeds headless and print one row per setting.

Usage:
  ${CLI} experiment [options]

Every run of a cell uses a different seed; run i of every cell uses the same seed
deriveSeed(S, i), so settings are compared seed for seed. The result does not depend on
the number of workers.

The base scenario:
  --scenario FILE   start from this scenario ('-' = stdin). Default: a built-in 5-node
                    cluster, resource db on n1 (backups n2, n3), policy manual, 90 s,
                    with the failure mix ${DEFAULT_FAILURE_MIX.join(', ')}
  --duration MS     override the scenario's duration

The grid (comma-separated lists; each list is one axis, every combination is one row):
  --policy P,…      policies: manual, quorum, fencing, aggressive
  --preset P,…      presets of real systems: ${PRESET_NAMES.join(', ')}
                    (--policy and --preset values together form one axis; default: the scenario's)
  --distress on,off distress signal on and/or off (default: on,off)
  --preformed on,off  message pre-formed at start-up, or composed and signed at failure time
                    (default: the scenario's)
  --mode M,…        auto, sync, async (default: the scenario's)
  --failure T,…     failure injected on the primary of the first resource, one row per type:
                    ${failureTypes}, or any other name (an unknown type is sent sync).
                    Default: the mix above with the built-in scenario; none with --scenario
  --warning MS,…    warning before death, in ms; 'default' = the catalogue's value for the type
  --at MS           when the failure is injected (default ${DEFAULT_FAILURE_AT_MS})
  --admin-delay MS  a simulated administrator marks a node failed this long after the cluster
                    asks (default ${DEFAULT_ADMIN_DELAY_MS}); 'never' = nobody comes

Runs:
  --seeds N         runs per cell (default ${DEFAULT_SEEDS}, at most ${MAX_SEEDS.toLocaleString('en-US')})
  --seed S          base seed S (default: the scenario's seed)
  --workers K       worker threads (default min(cores, 4)); 1 runs everything inline
  --max-work N      the work budget of one run, in node-ticks (default ${BUDGET}, about 20 s):
                    a setting whose runs would exceed it is refused before anything runs

Output (stdout; progress goes to stderr: a bar on a terminal or with --progress, otherwise a
line every 5 s):
  (default)         a table and a legend of its columns
  --json            one JSON object: the experiment and every cell's numbers
  --csv             one CSV row per cell
  --progress        draw the progress bar even when stderr is not a terminal
  -h, --help        this help

Columns: runs; distress sent/lost and P(leaves) = sent/(sent+lost), the probability that the
distress leaves before death; runs that failed over, and of those without an administrator;
mean, p50 and p95 time to failover; mean unavailable and split-brain ms per run; total
administrator interventions and false failovers.

Examples:
  ${CLI} experiment
  ${CLI} experiment --policy manual,quorum,fencing,aggressive --distress on,off --failure power-loss,crash
  ${CLI} experiment --failure os-crash --warning 0,1,5,20,50 --mode sync,async --preformed on,off --csv
  ${CLI} experiment --scenario lab.json --preset ibm-i,pacemaker --seeds 100 --json > result.json
`;
