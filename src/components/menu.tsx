// Dropdown menus on Radix: arrow keys, typeahead, Escape and focus return come with it.
import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import type { ComponentProps, ReactNode } from 'react';
import { cx } from '@/lib/cx';

/**
 * Non-modal: a modal Radix menu marks the rest of the page aria-hidden while its links and buttons stay
 * focusable (axe: aria-hidden-focus, and the page seems to lose its main landmark and heading). Non-modal, the
 * menu still takes focus, moves it with the arrow keys, closes on Escape or a click outside and returns focus
 * to its trigger.
 */
export function Menu(props: ComponentProps<typeof DropdownMenu.Root>) {
  return <DropdownMenu.Root modal={false} {...props} />;
}
export const MenuTrigger = DropdownMenu.Trigger;

/**
 * Rendered in place rather than in a portal, so the open menu stays inside its trigger's landmark (the top
 * bar) and follows it in reading order (axe: region). Radix positions it `fixed`, so overflow does not clip it.
 */
export function MenuContent({ children, className, align = 'start', ...props }: ComponentProps<typeof DropdownMenu.Content>) {
  return (
    <DropdownMenu.Content
      align={align}
      sideOffset={6}
      className={cx('z-50 min-w-56 rounded-lg border border-border bg-surface p-1 text-fg shadow-lg', className)}
      {...props}
    >
      {children}
    </DropdownMenu.Content>
  );
}

const itemClass =
  'flex w-full cursor-pointer items-center gap-2 rounded-md px-2 py-1.5 text-sm outline-none select-none ' +
  'data-[highlighted]:bg-subtle data-[disabled]:cursor-default data-[disabled]:opacity-50';

export function MenuItem({ className, ...props }: ComponentProps<typeof DropdownMenu.Item>) {
  return <DropdownMenu.Item className={cx(itemClass, className)} {...props} />;
}

export function MenuRadioGroup(props: ComponentProps<typeof DropdownMenu.RadioGroup>) {
  return <DropdownMenu.RadioGroup {...props} />;
}

export function MenuRadioItem({ className, children, ...props }: ComponentProps<typeof DropdownMenu.RadioItem>) {
  return (
    <DropdownMenu.RadioItem className={cx(itemClass, 'pl-7 relative', className)} {...props}>
      <DropdownMenu.ItemIndicator className="absolute left-2 inline-flex">
        <span aria-hidden className="size-1.5 rounded-full bg-accent" />
      </DropdownMenu.ItemIndicator>
      {children}
    </DropdownMenu.RadioItem>
  );
}

export function MenuLabel({ children }: { children: ReactNode }) {
  return <DropdownMenu.Label className="px-2 pt-1.5 pb-1 text-xs font-medium text-muted">{children}</DropdownMenu.Label>;
}

export function MenuSeparator() {
  return <DropdownMenu.Separator className="my-1 h-px bg-border" />;
}
