// ESLint 9 flat config. Why each choice: docs/decisions (Prettier and ESLint).
// typescript-eslint's recommended set without type information: the type-checked set needs a full
// program per run, too slow on the project's 2-core machines, and `tsc --noEmit` already runs in
// `npm test`. Formatting belongs to Prettier, so no stylistic rules here.
import js from "@eslint/js";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import { importX } from "eslint-plugin-import-x";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

const testFiles = ["**/*.test.ts", "**/*.test.tsx", "tests/**", "**/*.spec.ts"];

// The floors of the import graph (see docs/decisions and app/models/README.md): routes call models,
// models call lib, lib calls nothing above it; only app/lib/db.server.ts opens db/.
const dbImport = {
  group: ["**/db/*", "**/db/**", "~/../db/**"],
  message: "Only app/lib/db.server.ts imports db/; use ~/lib/db.server (and a model for the tables).",
};
const modelImport = {
  group: ["~/models", "~/models/**", "../models", "../models/**"],
  message: "app/lib may not import a model: lib is the floor below models (pass what you need in).",
};
const routeImport = {
  group: ["./*", "../routes/**", "~/routes/**"],
  message:
    "A route may not import another route: move the shared piece to a model, app/lib or app/components.",
};
const restrict = (...patterns) => ["error", { patterns }];

export default tseslint.config(
  {
    ignores: [
      "build/**",
      "public/build/**",
      ".cache/**",
      ".data/**",
      "node_modules/**",
      "test-results/**",
      "playwright-report/**",
      "db/migrations/**",
      "bench-results/**",
      "reliability-results/**",
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
      globals: { ...globals.browser, ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // The code writes short paired updates as comma statements, `if (r < 0) (q -= 1), (r += w);`
      // (12 places, in files other work is moving); not a bug, so not an error.
      "@typescript-eslint/no-unused-expressions": "off",
      // `_`-prefixed names are deliberately unused (destructuring a field away, an ignored argument).
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none", ignoreRestSiblings: true },
      ],
    },
  },
  {
    // The classic two hook rules; tests are left out because vitest helpers such as useFakeStripe()
    // are named use* without being React hooks.
    files: ["app/**/*.{ts,tsx}"],
    ignores: testFiles,
    plugins: { "react-hooks": reactHooks },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "warn",
    },
  },
  {
    // Cycles are checked across the whole graph, ~/ aliases resolved through tsconfig.json.
    plugins: { "import-x": importX },
    settings: {
      // Without the TypeScript extensions and parser import-x skips .ts files and sees no cycle.
      "import-x/extensions": importX.flatConfigs.typescript.settings["import-x/extensions"],
      "import-x/parsers": importX.flatConfigs.typescript.settings["import-x/parsers"],
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: "./tsconfig.json" })],
    },
    rules: {
      "import-x/no-cycle": ["error", { ignoreExternal: true }],
    },
  },
  {
    // Route tests stand in for Remix's empty AppLoadContext with `{}`.
    files: testFiles,
    rules: { "@typescript-eslint/no-empty-object-type": "off" },
  },
  // The architecture rules. Tests, the seed and scripts may reach across floors to set things up.
  {
    files: ["app/**/*.{ts,tsx}"],
    ignores: [...testFiles, "app/lib/db.server.ts"],
    rules: { "no-restricted-imports": restrict(dbImport) },
  },
  {
    files: ["app/lib/**/*.{ts,tsx}"],
    ignores: [...testFiles, "app/lib/db.server.ts"],
    rules: { "no-restricted-imports": restrict(dbImport, modelImport) },
  },
  {
    files: ["app/lib/db.server.ts"],
    rules: { "no-restricted-imports": restrict(modelImport) },
  },
  {
    files: ["app/routes/**/*.{ts,tsx}"],
    ignores: testFiles,
    rules: { "no-restricted-imports": restrict(dbImport, routeImport) },
  },
);
