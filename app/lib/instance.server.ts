// Which app process answered: a random name per process, shown by /healthz so an operator (and the
// cluster test) can see requests spread over the processes behind the proxy. Not the pid: nothing
// about the host leaks.
import { randomBytes } from "node:crypto";

export const INSTANCE_ID = randomBytes(4).toString("hex");
