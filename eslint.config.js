// Lint for Mayday. Beyond style, it guards two design rules: the one-way dependency direction of
// DESIGN §3 (CONVENTIONS habit 5) and injected time and randomness in core/sim/machines (habit 2).
import { fileURLToPath } from 'node:url';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import svelteConfig from './svelte.config.js';

const root = fileURLToPath(new URL('.', import.meta.url));

/** Every layer folder under src/ (DESIGN §3). */
const LAYERS = ['core', 'machines', 'sim', 'transport', 'runtime', 'view', 'ui', 'lessons', 'cli'];

/**
 * One zone per layer: files in src/<layer> may import only their own folder and `allowed`.
 * `from` is a deny-list written as "everything in src except …", so a new folder is forbidden
 * until someone decides where it sits.
 */
const layerZone = (layer, allowed, why) => ({
  target: `src/${layer}`,
  from: [`src/!(${[layer, ...allowed].join('|')})/**`, 'src/*.*'],
  message: why,
});

const layerZones = [
  layerZone(
    'core',
    [],
    'src/core is pure TypeScript used by every layer; it must not import from machines/sim/transport/runtime/view/ui/lessons/cli (DESIGN §3).',
  ),
  layerZone(
    'machines',
    ['core'],
    'src/machines holds the XState machines and may import only src/core; wiring them to a clock, network or UI is the job of src/runtime (DESIGN §3).',
  ),
  layerZone(
    'sim',
    ['core'],
    'src/sim is the deterministic event engine and may import only src/core; it must not know about machines, transports or the UI (DESIGN §3).',
  ),
  layerZone(
    'transport',
    ['core'],
    'src/transport implements the Transport port and may import only src/core; it carries messages and knows nothing of machines or the UI (DESIGN §3).',
  ),
  layerZone(
    'view',
    ['core'],
    'src/view draws plain data (snapshots, traces) and may import only src/core; it never drives an actor or a simulation, the UI does (DESIGN §3, CONVENTIONS habit 1).',
  ),
  layerZone(
    'lessons',
    ['core'],
    'src/lessons holds lesson scenarios and text and may import only src/core; the UI and runtime play them (DESIGN §3).',
  ),
  layerZone(
    'runtime',
    ['core', 'machines', 'sim', 'transport'],
    'src/runtime wires core, machines, sim and transport together; it must not import view, ui, lessons or cli, which sit above it (DESIGN §3).',
  ),
  layerZone(
    'cli',
    ['core', 'machines', 'sim', 'transport', 'runtime'],
    'src/cli is headless: it may import core, machines, sim, transport and runtime, never the browser layers view/ui/lessons (DESIGN §3).',
  ),
  layerZone(
    'ui',
    ['runtime', 'view', 'lessons', 'core'],
    'src/ui may import runtime, view, lessons and core; it reaches machines, sim and transport only through src/runtime (DESIGN §3).',
  ),
  {
    // Anything in src outside the known layers (and other than the entry point) must not reach into ui.
    target: [`src/!(${LAYERS.join('|')})/**`, 'src/!(main).*'],
    from: ['src/ui/**'],
    message:
      'Nothing imports src/ui except the entry point src/main.ts: the UI sits at the top of the dependency graph (DESIGN §3).',
  },
];

const injectedTimeMessage =
  'time and randomness are injected in core/sim/machines (CONVENTIONS habit 2): use the Clock or Rng passed in';

const timerGlobals = ['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', 'requestAnimationFrame'];

export default defineConfig(
  globalIgnores([
    'dist/',
    'test/harness/webrtc/dist/',
    'node_modules/',
    'test-results/',
    'playwright-report/',
    'coverage/',
    '.vite/',
  ]),

  tseslint.configs.recommended,
  svelte.configs.recommended,

  {
    name: 'mayday/base',
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: { ...globals.browser, ...globals.node },
      parserOptions: {
        // Same options for .ts and .svelte files (eslint-plugin-svelte's advice). `parser` is read by
        // svelte-eslint-parser, also when import-x/no-cycle parses a .svelte file imported from a .ts one.
        extraFileExtensions: ['.svelte'],
        parser: tseslint.parser,
        svelteConfig,
      },
    },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js', '.mjs', '.svelte'],
      'import-x/parsers': {
        '@typescript-eslint/parser': ['.ts'],
        'svelte-eslint-parser': ['.svelte'],
      },
      'import-x/resolver-next': [
        createNodeResolver({
          // Imports here name their .ts/.svelte file explicitly; `.js` → `.ts` is accepted too.
          extensions: ['.ts', '.js', '.mjs', '.svelte', '.json'],
          extensionAlias: { '.js': ['.ts', '.js'] },
        }),
      ],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: root, zones: layerZones }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },

  {
    name: 'mayday/injected-time-and-randomness',
    files: ['src/core/**', 'src/sim/**', 'src/machines/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: injectedTimeMessage },
        { object: 'Math', property: 'random', message: injectedTimeMessage },
        { object: 'performance', property: 'now', message: injectedTimeMessage },
        ...['globalThis', 'window', 'self'].flatMap((object) =>
          timerGlobals.map((property) => ({ object, property, message: injectedTimeMessage })),
        ),
      ],
      'no-restricted-globals': [
        'error',
        ...timerGlobals.map((name) => ({ name, message: injectedTimeMessage })),
      ],
      'no-restricted-syntax': [
        'error',
        {
          // `new Date()` with no argument reads the wall clock, like Date.now().
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: injectedTimeMessage,
        },
      ],
    },
  },
);
