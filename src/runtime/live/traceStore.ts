// Each live tab's trace in IndexedDB (through `idb`), so a reload keeps the history and an observer
// can merge every tab's trace: one origin = one database, shared by all tabs of the browser.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { RoomSettings } from '../../core/liveRoom.ts';
import type { NodeId, ScenarioEvent, TraceEvent } from '../../core/types.ts';

interface LiveDB extends DBSchema {
  events: {
    key: number;
    value: { room: string; node: NodeId; event: TraceEvent };
    indexes: { byRoom: string; byNode: [string, string] };
  };
  injected: {
    key: number;
    value: { room: string; node: NodeId; event: ScenarioEvent };
    indexes: { byRoom: string };
  };
  slots: {
    key: [string, string];
    value: { room: string; node: NodeId; incarnation: number; settings: RoomSettings };
  };
}

export type RoomTag = string;

export class TraceStore {
  private constructor(private readonly db: IDBPDatabase<LiveDB>) {}

  static async open(name = 'mayday-live'): Promise<TraceStore> {
    const db = await openDB<LiveDB>(name, 1, {
      upgrade(db) {
        const events = db.createObjectStore('events', { autoIncrement: true });
        events.createIndex('byRoom', 'room');
        events.createIndex('byNode', ['room', 'node']);
        db.createObjectStore('injected', { autoIncrement: true }).createIndex('byRoom', 'room');
        db.createObjectStore('slots', { keyPath: ['room', 'node'] });
      },
    });
    return new TraceStore(db);
  }

  async append(room: RoomTag, node: NodeId, events: readonly TraceEvent[]): Promise<void> {
    const tx = this.db.transaction('events', 'readwrite');
    for (const event of events) void tx.store.add({ room, node, event });
    await tx.done;
  }

  async inject(room: RoomTag, node: NodeId, event: ScenarioEvent): Promise<void> {
    await this.db.add('injected', { room, node, event });
  }

  /** One node's own history in this room, oldest first. */
  async history(room: RoomTag, node: NodeId): Promise<TraceEvent[]> {
    const rows = await this.db.getAllFromIndex('events', 'byNode', [room, node]);
    return rows.map((r) => r.event);
  }

  /** Every tab's trace of the room, merged on the shared time base. */
  async merged(room: RoomTag): Promise<TraceEvent[]> {
    const rows = await this.db.getAllFromIndex('events', 'byRoom', room);
    return rows.map((r) => r.event).sort((a, b) => a.t - b.t);
  }

  async injected(room: RoomTag): Promise<ScenarioEvent[]> {
    const rows = await this.db.getAllFromIndex('injected', 'byRoom', room);
    return rows.map((r) => r.event).sort((a, b) => a.at - b.at);
  }

  async slot(room: RoomTag, node: NodeId): Promise<LiveDB['slots']['value'] | undefined> {
    return this.db.get('slots', [room, node]);
  }

  async setSlot(value: LiveDB['slots']['value']): Promise<void> {
    await this.db.put('slots', value);
  }

  close(): void {
    this.db.close();
  }
}
