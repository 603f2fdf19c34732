import { fileURLToPath } from "node:url";
import { describeGraph } from "./lib/import-graph";

// Prints lib/'s folder -> folder imports, their cycles, and imports leaving lib/.
console.log(describeGraph(fileURLToPath(new URL("..", import.meta.url))));
