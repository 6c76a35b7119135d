/** The upstream service on its own. Usage: node build/examples/http-server/service.js PORT */
import { startUpstream } from './upstream';

const port = Number(process.argv[2] ?? 8081);
startUpstream(port).then(() => console.log(`listening on ${port}`));
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
