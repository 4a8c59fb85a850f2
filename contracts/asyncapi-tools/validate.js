// Parse an AsyncAPI document with the official parser (@asyncapi/parser) and print, as one
// JSON object: every diagnostic (severity 0 error, 1 warning, 2 information, 3 hint), whether a
// document came out, and each message's id with its examples' payloads as the parser resolved
// them (the parser validates each example against its message's payload schema).
// Usage: node validate.js <asyncapi.yaml>; exit 1 on any error or warning.
'use strict';
const { Parser, fromFile } = require('@asyncapi/parser');

async function main(path) {
  const { document, diagnostics } = await fromFile(new Parser(), path).parse();
  const report = {
    parsed: Boolean(document),
    diagnostics: diagnostics.map((d) => ({
      code: d.code, severity: d.severity, message: d.message, path: d.path.join('/'),
    })),
    messages: document ? document.allMessages().all().map((message) => ({
      messageId: message.json('messageId') || null,
      name: message.name() || null,
      tags: message.tags().all().map((tag) => tag.name()),
      examples: message.examples().all().map((example) => example.payload()),
    })) : [],
  };
  process.stdout.write(JSON.stringify(report) + '\n');
  const blocking = report.diagnostics.filter((d) => d.severity <= 1);
  return report.parsed && blocking.length === 0 ? 0 : 1;
}

main(process.argv[2]).then((code) => { process.exitCode = code; }, (error) => {
  process.stderr.write(`${error.stack || error}\n`);
  process.exitCode = 2;
});
