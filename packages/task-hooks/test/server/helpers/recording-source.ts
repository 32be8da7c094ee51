// An app's own server-side source, standing in front of a memory source: records every payload
// that reaches its submit, so a test can tell what the handler let through.
import type { TaskSource } from '../../../src/sources/source';
import { createMemorySource } from '../../../src/testing';

export function recordingSource() {
  const memory = createMemorySource();
  const submitted: unknown[] = [];
  const source: TaskSource = {
    ...memory,
    kind: 'app',
    submit: (type, payload) => {
      submitted.push(payload);
      return memory.submit(type, payload);
    },
  };
  return { memory, source, submitted };
}
