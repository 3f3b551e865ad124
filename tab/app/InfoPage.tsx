/** Integritet and Användarvillkor (the manifest's privacyUrl and termsOfUseUrl): readable without sign-in. */
import { TAB_PAGES } from '../shared/routes.js';
import { hrefFor, routeLink } from './router.js';
import { T } from './texts.js';

export function InfoPage({ page }: { page: 'privacy' | 'terms' }) {
  const info = T.info[page];
  return (
    <article aria-labelledby="info-title" className="info">
      <h1 id="info-title">{info.title}</h1>
      {info.sections.map((s) => (
        <section key={s.heading}>
          <h2>{s.heading}</h2>
          {s.body.map((p, i) => (
            <p key={i}>{p}</p>
          ))}
        </section>
      ))}
      <p>
        <a href={hrefFor(TAB_PAGES.cases)} onClick={routeLink(TAB_PAGES.cases)}>
          {T.info.back}
        </a>
      </p>
    </article>
  );
}
