// The app's concrete Fastify type (HTTPS server, our pino logger).
import type { Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';

export type App = FastifyInstance<Server, IncomingMessage, ServerResponse, Logger>;
