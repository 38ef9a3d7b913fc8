import { inputIssues } from '@rollq/data';
import type { z } from '@rollq/data/zod';
import type { FastifyReply } from 'fastify';

/** The JSON of every error response: what went wrong, the field it concerns (when one does), and why. */
export interface ProblemBody {
  error: string;
  field: string | null;
  reason: string;
}

/** A request the service refuses, with its status; the error handler turns it into {@link ProblemBody} JSON. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly field: string | null,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** Parses `input` (a query or a body) or throws a 400 naming the first bad field. */
export function parseRequest<S extends z.ZodType>(schema: S, input: unknown, where: 'query' | 'body'): z.output<S> {
  const r = schema.safeParse(input ?? {});
  if (r.success) return r.data;
  const issue = inputIssues(r.error.issues)[0]!;
  const field = issue.path.length > 0 ? issue.path.join('.') : where;
  throw new HttpProblem(400, 'bad_request', field, issue.message);
}

/** Sends a problem as JSON. */
export function sendProblem(reply: FastifyReply, p: ProblemBody & { status: number }): FastifyReply {
  return reply.code(p.status).type('application/json; charset=utf-8').send({ error: p.error, field: p.field, reason: p.reason });
}

/** Rejects with a 503 when `work` takes longer than `ms` (the work itself goes on; its result is dropped). */
export async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new HttpProblem(503, 'timeout', null, `${what} took longer than ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
