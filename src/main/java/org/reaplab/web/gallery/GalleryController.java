package org.reaplab.web.gallery;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.reaplab.scenario.format.Problem;
import org.reaplab.storage.ScenarioStore;
import org.reaplab.storage.StorageFull;
import org.reaplab.web.Limits;
import org.reaplab.storage.StoredScenario;
import org.reaplab.variant.Variant;
import org.reaplab.web.Htmx;
import org.reaplab.web.Prose;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.util.UriUtils;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The gallery ({@code /}): the scenario library as cards, searchable, and the paste/upload form whose
 * text is checked as it is typed ({@code POST /scenarios/check}, a fragment) and stored on submit
 * ({@code POST /scenarios}).
 */
@Controller
class GalleryController {
    static final String VIEW = "gallery/gallery";
    static final int PAGE = 24;
    private static final int LIBRARY_WARM = 128;

    /** A scenario card: what it is and which variants it tells apart ({@code groups} null while they are computed). */
    public record Card(String id, String title, List<Prose.Segment> summary, boolean library, List<VariantVerdicts.Group> groups) {
        public boolean allAgree() {
            return groups != null && groups.size() == 1;
        }

        public boolean pending() {
            return groups == null;
        }
    }

    /** A card and its HTML (the "card" fragment). */
    private record Shown(Card card, String html) {}

    /**
     * Cards by scenario id, rendered: an id stands for one text, so its card never changes, and rendering 24
     * cards was most of what GET / cost.
     */
    private final Cache<String, Shown> cardCache = Caffeine.newBuilder().maximumSize(1024).build();

    private final ScenarioStore store;
    private final VariantVerdicts verdicts;
    private final Limits limits;
    private final ITemplateEngine templates;

    GalleryController(ScenarioStore store, VariantVerdicts verdicts, Limits limits, ITemplateEngine templates) {
        this.store = store;
        this.verdicts = verdicts;
        this.limits = limits;
        this.templates = templates;
    }

    private SourceCheck check(String text, String source) {
        return SourceCheck.of(text, source, limits.problems(), limits.excerptWidth());
    }

    @GetMapping("/")
    String gallery(@RequestParam(required = false) String q, @RequestParam(defaultValue = "0") int page,
                   Model model, HttpServletRequest request) {
        cards(model.asMap(), q, page);
        if (Htmx.fragment(request)) return VIEW + " :: cards";
        model.addAttribute("variants", Variant.values());
        model.addAttribute("check", check("", "upload"));
        return VIEW;
    }

    /** Live validation of the paste box: the problems next to their lines, or what the scenario is. */
    @PostMapping("/scenarios/check")
    String check(@RequestParam(defaultValue = "") String source, @RequestParam(defaultValue = "upload") String filename, Model model) {
        model.addAttribute("check", check(source, sourceName(filename)));
        return VIEW + " :: check";
    }

    @PostMapping("/scenarios")
    ModelAndView upload(@RequestParam(defaultValue = "") String source,
                        @RequestParam(required = false) MultipartFile file,
                        @RequestHeader(value = Htmx.REQUEST, required = false) String hx,
                        HttpServletResponse response) throws IOException {
        String text = source;
        String name = "pasted text";
        SourceCheck check;
        if (file != null && !file.isEmpty() && text.isBlank()) {
            name = sourceName(file.getOriginalFilename());
            try {
                // strictly: a file that is not UTF-8 is refused, never stored with U+FFFD in place of its bytes
                text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(file.getBytes())).toString();
                check = check(text, name);
            } catch (CharacterCodingException e) {
                text = "";
                check = new SourceCheck("", null, List.of(new Problem(name, 1, 1, "", "the file is not UTF-8 text")),
                        List.of(), false, 1);
            }
        } else {
            check = check(text, name);
        }
        if (!check.ok()) return refused(check, text, hx, HttpStatus.UNPROCESSABLE_CONTENT);
        StoredScenario saved;
        try {
            saved = store.save(text, check.scenario());
        } catch (StorageFull full) {
            // the instance is full (reaplab.storage.*): said next to the text, which stays in the box
            SourceCheck refusal = new SourceCheck(text, null, List.of(new Problem(name, 1, 1, "", full.getMessage())),
                    List.of(), false, 1);
            return refused(refusal, text, hx, HttpStatus.INSUFFICIENT_STORAGE);
        }
        String target = "/scenarios/" + UriUtils.encodePathSegment(saved.id(), StandardCharsets.UTF_8);
        if (hx != null) {
            // htmx follows this with a full page load of the viewer
            response.setHeader(Htmx.REDIRECT, target);
            ModelAndView mv = new ModelAndView(VIEW + " :: check");
            mv.addObject("check", check);
            return mv;
        }
        return new ModelAndView("redirect:" + target);
    }

    /** The form again, with the text and what was wrong with it (the whole gallery for a plain form post). */
    private ModelAndView refused(SourceCheck check, String text, String hx, HttpStatus status) {
        ModelAndView mv = new ModelAndView(hx != null ? VIEW + " :: upload" : VIEW);
        mv.setStatus(status);
        mv.addObject("check", check);
        mv.addObject("source", text);
        if (hx == null) {
            cards(mv.getModel(), null, 0);
            mv.addObject("variants", Variant.values());
        }
        return mv;
    }

    private void cards(Map<String, Object> model, String q, int page) {
        String query = q == null || q.isBlank() ? null : q.strip();
        int total = store.count(query);
        int p = Math.max(0, Math.min(page, Math.max(0, (total - 1) / PAGE)));
        List<Card> cards = new ArrayList<>();
        List<String> html = new ArrayList<>();
        for (StoredScenario s : store.search(query, p * PAGE, PAGE)) {
            Shown shown = card(s);
            cards.add(shown.card());
            html.add(shown.html());
        }
        model.put("cards", cards);
        model.put("cardHtml", html);
        model.put("q", query == null ? "" : query);
        model.put("total", total);
        model.put("page", p);
        model.put("pages", Math.max(1, (total + PAGE - 1) / PAGE));
    }

    /**
     * The card of a scenario. A library card's verdicts are computed here if need be (a fixed set, warmed at
     * start-up); an upload's are computed in the background, never on the request thread.
     */
    private Shown card(StoredScenario s) {
        Shown known = cardCache.getIfPresent(s.id());
        if (known != null) return known;
        List<VariantVerdicts.Group> groups = s.library() ? verdicts.of(s) : verdicts.ifReady(s);
        Card card = new Card(s.id(), s.scenario().title() == null ? s.scenario().name() : s.scenario().title(),
                Prose.summary(s.scenario().description(), s.scenario().title(), 170), s.library(), groups);
        Shown shown = new Shown(card, templates.process(VIEW, Set.of("card"), new Context(Locale.ROOT, Map.of("c", card))));
        if (groups != null) cardCache.put(s.id(), shown);
        return shown;
    }

    /** The library's cards are made before the first visitor asks for them. */
    @EventListener(ApplicationReadyEvent.class)
    void warmLibraryCards() {
        for (StoredScenario s : store.search(null, 0, LIBRARY_WARM)) if (s.library()) verdicts.ifReady(s);
    }

    private static String sourceName(String filename) {
        if (filename == null || filename.isBlank()) return "upload";
        String f = filename.replaceAll("[^A-Za-z0-9._-]", "_");
        return f.length() > 64 ? f.substring(0, 64) : f;
    }
}
