/**
 * Entry point of one physical server's worker. The page creates one per server, so a server
 * that hangs or crashes takes nothing else down.
 */
import { expose } from 'comlink';
import { ServerRunner } from './server-runner';

expose(new ServerRunner());
