// Runs one JavaScript example of the seed page ("List Leads", Advanced Use Cases) unmodified
// against a test server, and prints what its entry function returned.
//
//   node run.js <example file> <entry function>
//
// Environment: SEED_BASE_URL (the server, e.g. http://localhost:8080) and SEED_API_KEY (a key
// with leads:read). The examples call https://api.buena.ai; fetch is wrapped so that only that
// prefix is replaced by SEED_BASE_URL: method, headers and everything else go through unchanged.
// The last line of stdout is "RESULT " followed by the returned value as JSON.
"use strict";

const fs = require("fs");
const path = require("path");
const vm = require("vm");

const PAGE_HOST = "https://api.buena.ai";

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set`);
  }
  return value;
}

async function main() {
  const [exampleFile, entry] = process.argv.slice(2);
  if (!exampleFile || !entry) {
    throw new Error("usage: node run.js <example file> <entry function>");
  }
  const baseUrl = required("SEED_BASE_URL").replace(/\/+$/, "");
  process.env.BUENA_API_KEY = required("SEED_API_KEY");

  const realFetch = globalThis.fetch;
  globalThis.fetch = (resource, options) => {
    const swapped =
      typeof resource === "string" && resource.startsWith(PAGE_HOST)
        ? baseUrl + resource.slice(PAGE_HOST.length)
        : resource;
    return realFetch(swapped, options);
  };
  // The examples are scripts, not modules: give them the require a CommonJS script would have.
  globalThis.require = require;

  const source = fs.readFileSync(exampleFile, "utf8");
  vm.runInThisContext(source, { filename: path.resolve(exampleFile) });
  if (typeof globalThis[entry] !== "function") {
    throw new Error(`${exampleFile} does not define ${entry}()`);
  }
  const result = await globalThis[entry]();
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

main().catch((error) => {
  console.error(error && error.stack ? error.stack : error);
  process.exitCode = 1;
});
