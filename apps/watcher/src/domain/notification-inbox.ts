import type { Notification } from './notification';

/** The notifications the pager shows: the last `capacity`, newest first, in memory only. */
export class NotificationInbox {
  private readonly kept: Notification[] = [];

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new Error(`an inbox keeps at least one notification (got ${capacity})`);
    }
  }

  /** Keeps `notification` as the newest; the oldest goes once there are `capacity`. */
  add(notification: Notification): void {
    this.kept.unshift(notification);
    if (this.kept.length > this.capacity) this.kept.length = this.capacity;
  }

  /** Newest first. */
  list(): readonly Notification[] {
    return [...this.kept];
  }
}
