/**
 * A modal on the native <dialog> element: the browser gives focus trapping, Escape and an inert
 * background. (Fluent's Dialog/Drawer add tabster focus sentinels to <body> that are focusable
 * yet aria-hidden, which screen-reader checks rightly flag.)
 */
import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import { Button } from '@fluentui/react-components';
import { Dismiss24Regular } from '@fluentui/react-icons';
import { T } from './texts.js';

export function Modal({
  open,
  onClose,
  title,
  titleId,
  variant,
  children,
  actions,
}: {
  open: boolean;
  onClose: () => void;
  title: ReactNode;
  titleId: string;
  /** 'drawer' slides in from the right (full width when narrow); 'dialog' is centred. */
  variant: 'drawer' | 'dialog';
  children: ReactNode;
  actions?: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className={`modal modal-${variant}`}
      aria-labelledby={titleId}
      onClose={() => onClose()}
      onClick={(e) => {
        // A click on the backdrop (the dialog element itself, outside its content) closes it.
        if (e.target === e.currentTarget) onClose();
      }}
    >
      {open && (
        <div className="modal-content">
          <div className="modal-head">
            <h2 id={titleId}>{title}</h2>
            <Button appearance="subtle" aria-label={T.common.close} icon={<Dismiss24Regular />} onClick={onClose} />
          </div>
          <div className="modal-body">{children}</div>
          {actions && <div className="modal-actions">{actions}</div>}
        </div>
      )}
    </dialog>
  );
}
