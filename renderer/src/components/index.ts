// Shared interface primitives; every feature imports from here so the screens look like one tool.
export { Button, type ButtonVariant } from './Button';
export { IconButton } from './IconButton';
export { Toolbar, Spacer } from './Toolbar';
export { Dialog } from './Dialog';
export { ProgressBar } from './ProgressBar';
export { toast, dismissToast, ToastArea, type Toast, type ToastKind, type ToastAction } from './Toast';
export { EmptyState } from './EmptyState';
export { VirtualList, type VirtualListHandle } from './VirtualList';
export { StatusBadge } from './StatusBadge';
export { Field } from './Field';
export { Loading } from './Spinner';
export { useSize } from './useSize';
export { Choice } from './Choice';
export { ContextMenu, type MenuEntry } from './ContextMenu';
