import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-console": ["error", { allow: ["error", "warn"] }],
    },
  },
  {
    // Command-line entry points and benchmarks print to stdout by design.
    files: ["bench/**", "scripts/**", "cli/**"],
    rules: { "no-console": "off" },
  },
  {
    ignores: [
      "node_modules/",
      ".next/",
      "lib/generated/",
      "scratch/",
      "bench/tmp/",
      "test-results/",
      "playwright-report/",
      "next-env.d.ts",
    ],
  },
];
export default config;
