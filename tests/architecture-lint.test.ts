import { mkdtemp, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

// The import rules of eslint.config.js are the architecture's guard rails: prove that each one
// fires on a violation and stays quiet on the allowed case, so a config edit cannot silently drop one.
const root = path.resolve(import.meta.dirname, "..");
const eslint = new ESLint({ cwd: root });

async function rulesHit(code: string, file: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result.messages.map((m) => m.ruleId ?? m.message);
}

describe("architecture lint rules", () => {
  it("app/lib may not import a model", async () => {
    const code =
      'import { getUserById } from "~/models/access/users.server";\nexport const f = getUserById;\n';
    expect(await rulesHit(code, "app/lib/probe.server.ts")).toContain("no-restricted-imports");
    expect(await rulesHit(code, "app/models/catalog/probe.server.ts")).toEqual([]);
  });

  it("a route may not import another route", async () => {
    const code =
      'import { ProductFields } from "./supplier.products.new";\nexport const F = ProductFields;\n';
    expect(await rulesHit(code, "app/routes/probe.tsx")).toContain("no-restricted-imports");
    const viaAlias = 'import { loader } from "~/routes/login";\nexport const l = loader;\n';
    expect(await rulesHit(viaAlias, "app/routes/probe.tsx")).toContain("no-restricted-imports");
    const model =
      'import { getUserById } from "~/models/access/users.server";\nexport const f = getUserById;\n';
    expect(await rulesHit(model, "app/routes/probe.tsx")).toEqual([]);
  });

  it("only app/lib/db.server.ts imports db/ (tests may, to seed)", async () => {
    const code = 'import * as schema from "../../../db/schema";\nexport const s = schema;\n';
    expect(await rulesHit(code, "app/models/catalog/probe.server.ts")).toContain("no-restricted-imports");
    const fromLib = 'import * as schema from "../../db/schema";\nexport const s = schema;\n';
    expect(await rulesHit(fromLib, "app/lib/probe.server.ts")).toContain("no-restricted-imports");
    expect(await rulesHit(fromLib, "app/lib/db.server.ts")).toEqual([]);
    expect(await rulesHit(code, "app/models/catalog/probe.server.test.ts")).toEqual([]);
  });

  it("an import cycle is an error, through the ~/ alias too", async () => {
    const dir = await mkdtemp(path.join(root, "app", "lint-cycle-probe-"));
    const rel = path.relative(path.join(root, "app"), dir);
    try {
      await writeFile(path.join(dir, "a.ts"), 'import { b } from "./b";\nexport const a = () => b();\n');
      await writeFile(
        path.join(dir, "b.ts"),
        `import { a } from "~/${rel}/a";\nexport const b = () => String(a);\n`,
      );
      const results = await eslint.lintFiles([path.join(dir, "*.ts")]);
      const rules = results.flatMap((r) => r.messages.map((m) => m.ruleId));
      expect(rules.filter((r) => r === "import-x/no-cycle")).toHaveLength(2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
