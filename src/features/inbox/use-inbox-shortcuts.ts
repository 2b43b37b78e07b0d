// The inbox's keyboard: j / k next / previous conversation, e closes the open one, / focuses the search.
// Ignored while typing (inputs, textareas, selects, editable text), with modifier keys, or under a dialog.
import { useEffect, useRef } from 'react';
import { isTypingTarget } from '@/lib/keyboard';

export interface InboxShortcutActions {
  next: () => void;
  previous: () => void;
  close: () => void;
  focusSearch: () => void;
}

export function useInboxShortcuts(actions: InboxShortcutActions) {
  const ref = useRef(actions);
  ref.current = actions;
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented || (event.repeat && event.key === 'e')) return;
      if (event.metaKey || event.ctrlKey || event.altKey) return;
      if (isTypingTarget(event.target)) return;
      if (document.querySelector('[role="dialog"], [role="menu"]')) return;
      const action =
        event.key === 'j'
          ? ref.current.next
          : event.key === 'k'
            ? ref.current.previous
            : event.key === 'e'
              ? ref.current.close
              : event.key === '/'
                ? ref.current.focusSearch
                : null;
      if (!action) return;
      event.preventDefault();
      action();
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
}
