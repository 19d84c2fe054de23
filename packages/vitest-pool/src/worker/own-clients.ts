const OWN = Symbol.for('dbsafe.worker.ownClients')
type Holder = { [OWN]?: WeakSet<object> }

/** dbsafe's own pg clients in this worker (the pinned test connection), shared by every copy of this module. */
function ownClients(): WeakSet<object> {
  const holder = globalThis as Holder
  holder[OWN] ??= new WeakSet()
  return holder[OWN]
}

/** Marks a pg client as dbsafe's own: what it sends is dbsafe's, not the application's. */
export function markOwnClient(client: object): void {
  ownClients().add(client)
}

/** Whether a pg client is dbsafe's own (see {@link markOwnClient}). */
export function isOwnClient(client: object): boolean {
  return ownClients().has(client)
}
