import { MessageChannel } from 'node:worker_threads';

/**
 * Gives the memory of typed arrays that the caller alone holds back to the system at once (in Node's next
 * turn of the event loop), not at V8's next garbage collection. A native fit (LightGBM's binning and boosting)
 * allocates nothing in V8's heap, so a ~400 MB matrix it was built from stays until a later phase's
 * allocations start a GC, and adds to that phase's peak. The buffers are transferred into a message on a
 * channel that is closed at once (Node 20 has no `ArrayBuffer.prototype.transfer`): the arrays are detached
 * (length 0), every view of them included. Arrays sharing one buffer are fine; a buffer that cannot be
 * transferred (a SharedArrayBuffer, Node's pooled small Buffers, an external view) is left as it is.
 */
export function releaseBuffers(arrays: readonly ArrayBufferView[]): void {
  const buffers = new Set<ArrayBuffer>();
  for (const a of arrays) if (a.buffer.byteLength > 0) buffers.add(a.buffer as ArrayBuffer);
  if (buffers.size === 0) return;
  const { port1, port2 } = new MessageChannel();
  for (const b of buffers) {
    try {
      port1.postMessage(null, [b]);
    } catch {
      // not transferable (see above): the garbage collector frees it as before
    }
  }
  port1.close();
  port2.close();
}
