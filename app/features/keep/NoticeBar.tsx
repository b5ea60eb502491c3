import { useLabStore } from '../../store';

/** The latest message about the lab: what was opened, or why a lab was refused, issue by issue. */
export function NoticeBar() {
  const notice = useLabStore((state) => state.notice);
  const showNotice = useLabStore((state) => state.showNotice);
  const replaceLab = useLabStore((state) => state.replaceLab);
  if (!notice) return null;
  const danger = notice.tone === 'danger';
  return (
    <div
      className={`notice notice-bar${danger ? ' notice-danger' : ''}`}
      role={danger ? 'alert' : 'status'}
      data-testid="lab-notice"
    >
      <div className="notice-body">
        <p className={danger ? 'notice-title' : undefined}>{notice.text}</p>
        {notice.issues && notice.issues.length > 0 && (
          <ul className="issue-list" aria-label="What the engine found">
            {notice.issues.map((issue) => (
              <li key={`${issue.path}: ${issue.message}`}>
                {issue.path && <code>{issue.path}</code>} {issue.message}
              </li>
            ))}
          </ul>
        )}
        {notice.link && (
          <input
            className="share-link"
            readOnly
            value={notice.link}
            aria-label="Share link"
            onFocus={(event) => event.target.select()}
          />
        )}
      </div>
      {notice.undo && (
        <button
          type="button"
          className="button"
          onClick={() => {
            replaceLab(notice.undo!);
            showNotice(null);
          }}
        >
          Undo
        </button>
      )}
      <button
        type="button"
        className="button button-quiet"
        aria-label="Dismiss"
        onClick={() => showNotice(null)}
      >
        ✕
      </button>
    </div>
  );
}
