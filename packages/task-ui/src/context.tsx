import type { ReactNode } from 'react';
import { createContext, useContext, useMemo } from './internal/react';
import { defaultMessages, mergeMessages, type PartialTaskMessages, type TaskMessages } from './messages';

const MessagesContext = createContext<TaskMessages>(defaultMessages);

/** Props of {@link TaskMessagesProvider}. */
export interface TaskMessagesProviderProps {
  /** Overrides for the English defaults; nested groups merge key by key. */
  messages: PartialTaskMessages;
  children?: ReactNode;
}

/**
 * Replaces strings for every task component below it. Providers nest: an inner one overrides
 * the outer one's strings.
 * @example
 * <TaskMessagesProvider messages={{ locale: 'de', cancel: 'Abbrechen' }}>…</TaskMessagesProvider>
 */
export function TaskMessagesProvider({ messages, children }: TaskMessagesProviderProps) {
  // The parent's strings merged with these, as a component's own `messages` are.
  return <MessagesContext.Provider value={useTaskMessages(messages)}>{children}</MessagesContext.Provider>;
}

/**
 * The messages in force: provider strings, then a component's own `messages` prop.
 * @example
 * const messages = useTaskMessages();
 * <button>{messages.retry}</button>
 */
export function useTaskMessages(override?: PartialTaskMessages): TaskMessages {
  const fromContext = useContext(MessagesContext);
  return useMemo(() => mergeMessages(fromContext, override), [fromContext, override]);
}
