// @unstuck/task-ui/connected: the components wired to @unstuck/task-hooks. A separate entry so
// the plain components never import the (optional) hooks package.
export { ConnectedTaskCard, type ConnectedTaskCardProps } from './ConnectedTaskCard';
export { ConnectedTaskTimeline, type ConnectedTaskTimelineProps } from './ConnectedTaskTimeline';
