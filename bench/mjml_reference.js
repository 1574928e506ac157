// Compile one MJML file N times in a warm node process with the reference MJML; print mean milliseconds as JSON.
const fs = require("fs");
const mjml = require("mjml");

async function main() {
  const [file, runsText] = process.argv.slice(2);
  const source = fs.readFileSync(file, "utf8");
  const runs = Number(runsText || "20");
  for (let i = 0; i < 3; i++) await mjml(source, { validationLevel: "skip" }); // warm up
  const start = process.hrtime.bigint();
  for (let i = 0; i < runs; i++) await mjml(source, { validationLevel: "skip" });
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  process.stdout.write(JSON.stringify({ mean_ms: elapsed / runs, runs }) + "\n");
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
