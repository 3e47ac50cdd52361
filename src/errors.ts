// Typed errors of the core. They carry a message id and values (see messages.ts), and are turned into text
// only at the edge (CLI, reports).
import { format, type MessageId } from './messages.ts';

export class ConvertError extends Error {
  readonly id: MessageId;
  readonly values: Record<string, string | number>;
  /** 1-based line in the input, when the problem has one. */
  readonly line: number | undefined;
  constructor(id: MessageId, values: Record<string, string | number>, line?: number) {
    super(format(id, values));
    this.name = 'ConvertError';
    this.id = id;
    this.values = values;
    this.line = line;
  }
}
