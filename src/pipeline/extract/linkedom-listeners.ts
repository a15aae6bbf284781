// Event listeners of linkedom targets, kept on the targets themselves.
//
// linkedom 0.18's EventTarget constructor registers every node in one module-wide WeakMap
// (`wm.set(this, new Map)`), for listeners the extract stage never adds. Under V8 11 (Node 20)
// a WeakMap with that many dying keys makes major collections keep dead pages now and then: a
// collection that marks while pages are being parsed ends with whole dead pages still marked
// (115 MB left where a heap snapshot finds 23 MB live), frees next to nothing, and V8 sets the
// next heap limit at four times what was left. Over the Readability corpus (`npm run bench --
// extract`) that put the peak RSS at 320–370 MB instead of 240–290 MB in about one run of two,
// for bare Readability on linkedom as well. With this WeakMap and the one behind a document's
// defaultView (which readPage in index.ts avoids) out of the way, it did not happen in 40 runs.
//
// So linkedom's Node gets an empty base constructor (`super()` is looked up on the class's
// prototype when it runs) and EventTarget's methods keep listeners in a Map on the target,
// made when the first one is added. Dispatch is linkedom's own, copied: the target, then, for a
// bubbling event, its parents up to the document's window; `once`; stopImmediatePropagation.
import { EventTarget as LinkedomEventTarget, Node as LinkedomNode } from 'linkedom';

const LISTENERS = Symbol('listeners');

type Listener = ((event: TargetEvent) => unknown) | { handleEvent(event: TargetEvent): unknown };
type ListenerOptions = { once?: boolean } | boolean | undefined;

interface Target {
  [LISTENERS]?: Map<string, Map<Listener, ListenerOptions>>;
  dispatchEvent?: unknown;
  _getParent?: () => Target | null;
}

interface PathStep {
  currentTarget: Target;
  target: Target;
}

/** What dispatch reads and writes on linkedom's Event. */
interface TargetEvent {
  type: string;
  bubbles: boolean;
  cancelBubble: boolean;
  defaultPrevented: boolean;
  eventPhase: number;
  currentTarget?: Target;
  target?: Target;
  _stopImmediatePropagationFlag: boolean;
  _path: PathStep[];
  readonly NONE: number;
  readonly CAPTURING_PHASE: number;
  readonly AT_TARGET: number;
  readonly BUBBLING_PHASE: number;
}

function addEventListener(this: Target, type: string, listener: Listener, options?: ListenerOptions): void {
  const byType = (this[LISTENERS] ??= new Map());
  let listeners = byType.get(type);
  if (listeners === undefined) byType.set(type, (listeners = new Map()));
  listeners.set(listener, options);
}

function removeEventListener(this: Target, type: string, listener: Listener): void {
  const listeners = this[LISTENERS]?.get(type);
  if (listeners?.delete(listener) === true && listeners.size === 0) this[LISTENERS]!.delete(type);
}

/** Calls one target's listeners for the event; true when propagation was stopped. */
function invokeListeners(this: TargetEvent, { currentTarget, target }: PathStep): boolean {
  const listeners = currentTarget[LISTENERS]?.get(this.type);
  if (listeners === undefined) return false;
  this.eventPhase = currentTarget === target ? this.AT_TARGET : this.BUBBLING_PHASE;
  this.currentTarget = currentTarget;
  this.target = target;
  for (const [listener, options] of listeners) {
    if (typeof options === 'object' && options?.once) listeners.delete(listener);
    if (typeof listener === 'function') listener.call(this.target, this);
    else listener.handleEvent(this);
    if (this._stopImmediatePropagationFlag) break;
  }
  delete this.currentTarget;
  delete this.target;
  return this.cancelBubble;
}

function dispatchEvent(this: Target, event: TargetEvent): boolean {
  event.eventPhase = event.CAPTURING_PHASE;
  let node: Target | null = this;
  while (node !== null) {
    if (node.dispatchEvent !== undefined) event._path.push({ currentTarget: node, target: this });
    node = event.bubbles && node._getParent !== undefined ? (node._getParent() ?? null) : null;
  }
  event._path.some(invokeListeners, event);
  event._path = [];
  event.eventPhase = event.NONE;
  return !event.defaultPrevented;
}

/** The constructor linkedom's Node calls as `super()` instead of EventTarget's: it registers nothing. */
class UnregisteredTarget {}

/**
 * Makes linkedom keep event listeners on the targets and stop registering nodes in its WeakMap
 * (see above). Idempotent; false, changing nothing, when linkedom's classes are not shaped as
 * in 0.18 (linkedom-listeners.test.ts fails then).
 */
export function keepLinkedomListenersOnTargets(): boolean {
  // The exported Node is a facade whose prototype is the class the parser instantiates.
  const nodeClass = Object.getPrototypeOf(LinkedomNode) as object;
  const eventTarget = LinkedomEventTarget as unknown as { prototype: Record<string, unknown> };
  if (Object.getPrototypeOf(nodeClass) === UnregisteredTarget) return true;
  if (Object.getPrototypeOf(nodeClass) !== eventTarget) return false;
  Object.assign(eventTarget.prototype, { addEventListener, removeEventListener, dispatchEvent });
  Object.setPrototypeOf(nodeClass, UnregisteredTarget);
  return true;
}
