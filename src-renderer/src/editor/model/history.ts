import type { Diff } from './diff';

export interface Command {
  readonly label: string;
  readonly diff: Diff;
}

const LIMIT = 500;

/** Undo and redo stacks of one image's commands. A new command clears the redo stack. */
export class History {
  private done: Command[] = [];
  private undone: Command[] = [];

  push(command: Command): void {
    this.done.push(command);
    if (this.done.length > LIMIT) this.done.shift();
    this.undone = [];
  }

  /** The command to reverse (apply its inverse), moved to the redo stack; null when there is none. */
  undo(): Command | null {
    const c = this.done.pop();
    if (c) this.undone.push(c);
    return c ?? null;
  }

  /** The command to apply again, moved back to the undo stack. */
  redo(): Command | null {
    const c = this.undone.pop();
    if (c) this.done.push(c);
    return c ?? null;
  }

  get canUndo(): boolean {
    return this.done.length > 0;
  }

  get canRedo(): boolean {
    return this.undone.length > 0;
  }

  /** Label of the command an undo would reverse, for tooltips. */
  get nextUndo(): string | null {
    return this.done.at(-1)?.label ?? null;
  }
}

/** One history per image, for the session: stepping to the next image and back keeps both stacks. */
export class Histories {
  private byImage = new Map<string, History>();

  of(imageId: string): History {
    let h = this.byImage.get(imageId);
    if (!h) this.byImage.set(imageId, (h = new History()));
    return h;
  }
}
