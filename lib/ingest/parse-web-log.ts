// Dispatches a sniffed web log to its parser: one entry point for the importer and the bench.
import { parseW3c } from "./parse-w3c";
import { parseW3cIisLogCsv } from "./parse-w3ciislog-csv";
import { parseW3cIisLogJson } from "./parse-w3ciislog-json";
import type { ParseChunk, ParseOptions, WebLogFormat } from "./web-request";

export function parseWebLog(
  format: WebLogFormat,
  input: AsyncIterable<Buffer>,
  opts: ParseOptions,
): AsyncGenerator<ParseChunk> {
  switch (format) {
    case "w3c":
      return parseW3c(input, opts);
    case "w3ciislog-csv":
      return parseW3cIisLogCsv(input, opts);
    case "w3ciislog-json":
      return parseW3cIisLogJson(input, opts);
  }
}
