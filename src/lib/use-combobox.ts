// The state and keyboard of a searching combobox (ARIA 1.2 pattern: an input with a listbox that opens on focus,
// arrows move the active option, Enter chooses it, Escape and blur close and clear the search). The caller
// searches with `q` (the typed text, debounced) and renders the options; `bind(options, choose)` gives the
// input's and each option's props.
import { useState, type ChangeEvent, type KeyboardEvent, type MouseEvent } from 'react';
import { useDebouncedValue } from './use-debounced-value';

export function useCombobox(id: string) {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const q = useDebouncedValue(text.trim(), 250);
  const listId = `${id}-list`;
  const close = () => {
    setOpen(false);
    setText('');
  };

  function bind<T>(options: readonly T[], choose: (option: T | undefined) => void) {
    return {
      input: {
        role: 'combobox' as const,
        'aria-expanded': open,
        'aria-controls': listId,
        'aria-autocomplete': 'list' as const,
        'aria-activedescendant': open && options[active] !== undefined ? `${id}-opt-${active}` : undefined,
        autoComplete: 'off',
        onFocus: () => {
          setOpen(true);
          setActive(0);
        },
        onClick: () => setOpen(true),
        onBlur: close,
        onChange: (event: ChangeEvent<HTMLInputElement>) => {
          setText(event.target.value);
          setOpen(true);
          setActive(0);
        },
        onKeyDown: (event: KeyboardEvent<HTMLInputElement>) => {
          if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
            event.preventDefault();
            if (!open) setOpen(true);
            const step = event.key === 'ArrowDown' ? 1 : -1;
            setActive((i) => Math.max(0, Math.min(options.length - 1, i + step)));
          } else if (event.key === 'Enter' && open) {
            event.preventDefault();
            choose(options[active]);
          } else if (event.key === 'Escape' && open) {
            event.preventDefault();
            close();
          }
        },
      },
      option: (index: number, option: T) => ({
        id: `${id}-opt-${index}`,
        role: 'option' as const,
        // Chosen before the input's blur closes the list.
        onMouseDown: (event: MouseEvent) => {
          event.preventDefault();
          choose(option);
        },
        onMouseEnter: () => setActive(index),
      }),
    };
  }

  return { open, text, q, active, listId, close, bind };
}
