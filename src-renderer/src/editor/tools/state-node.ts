import type { ImagePoint, ViewportPoint } from '../../../../src-shared/geometry/points';
import type { ToolContext } from './tool-context';

/** A pointer event as tools see it: where in the image, where on screen, which button and modifiers. */
export interface PointerInfo {
  name: 'pointer_down' | 'pointer_move' | 'pointer_up' | 'double_click';
  point: ImagePoint;
  screen: ViewportPoint;
  button: number;
  shift: boolean;
  alt: boolean;
  ctrl: boolean;
}

/** A key, or the two signals every tool understands: cancel (Esc) and complete (Enter). A tool that uses it sets `handled`. */
export interface KeyInfo {
  name: 'key_down' | 'cancel' | 'complete';
  key: string;
  shift: boolean;
  alt: boolean;
  ctrl: boolean;
  handled: boolean;
}

export type ToolEvent = PointerInfo | KeyInfo;

export interface StateNodeClass {
  new (ctx: ToolContext, parent: StateNode | null): StateNode;
  readonly id: string;
  /** The child entered with this node; the first child when not given. */
  readonly initial?: string;
  readonly children?: () => StateNodeClass[];
}

const HANDLERS = {
  pointer_down: 'onPointerDown',
  pointer_move: 'onPointerMove',
  pointer_up: 'onPointerUp',
  double_click: 'onDoubleClick',
  key_down: 'onKeyDown',
  cancel: 'onCancel',
  complete: 'onComplete',
} as const;

/**
 * A node of the tool state chart (after tldraw): the root's children are the tools, a tool's
 * children its states (idle, creating, …). An event goes to the node first, then to its active
 * child, unless the node's handler moved to another child. `path` names the active chain, e.g.
 * `root.polygon.creating`, which is what tests assert.
 */
export abstract class StateNode {
  readonly id: string;
  readonly children: ReadonlyMap<string, StateNode>;
  current: StateNode | null = null;
  private readonly initial: string | null;

  constructor(
    readonly ctx: ToolContext,
    readonly parent: StateNode | null,
  ) {
    const ctor = this.constructor as unknown as StateNodeClass;
    this.id = ctor.id;
    const kids = ctor.children?.() ?? [];
    this.children = new Map(kids.map((Kid) => [Kid.id, new Kid(ctx, this)]));
    this.initial = ctor.initial ?? kids[0]?.id ?? null;
    this.current = this.initial ? this.children.get(this.initial)! : null;
  }

  get path(): string {
    return this.current ? `${this.id}.${this.current.path}` : this.id;
  }

  /** Leaves the active child and enters child `id` with `info`. */
  transition(id: string, info?: unknown): void {
    const next = this.children.get(id);
    if (!next) throw new Error(`state ${this.id} has no child ${id}`);
    this.current?.exit();
    this.current = next;
    next.enter(info);
  }

  enter(info?: unknown): void {
    if (this.initial) this.current = this.children.get(this.initial)!;
    this.onEnter?.(info);
    this.current?.enter(info);
  }

  exit(): void {
    this.current?.exit();
    this.onExit?.();
  }

  handle(e: ToolEvent): void {
    const child = this.current;
    const handler = this[HANDLERS[e.name]] as ((e: ToolEvent) => void) | undefined;
    handler?.call(this, e);
    if (child && child === this.current) child.handle(e);
  }

  onEnter?(info: unknown): void;
  onExit?(): void;
  onPointerDown?(e: PointerInfo): void;
  onPointerMove?(e: PointerInfo): void;
  onPointerUp?(e: PointerInfo): void;
  onDoubleClick?(e: PointerInfo): void;
  onKeyDown?(e: KeyInfo): void;
  onCancel?(e: KeyInfo): void;
  onComplete?(e: KeyInfo): void;
}
