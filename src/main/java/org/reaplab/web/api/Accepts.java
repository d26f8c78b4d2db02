package org.reaplab.web.api;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.util.MimeTypeUtils;
import org.springframework.web.HttpMediaTypeNotAcceptableException;

import java.util.ArrayList;
import java.util.List;

/** Picks which of the media types an endpoint offers the client's Accept header prefers. */
final class Accepts {
    static final MediaType YAML = MediaType.parseMediaType("application/yaml");
    static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");
    static final List<MediaType> YAML_TYPES = List.of(YAML, MediaType.parseMediaType("application/x-yaml"),
            MediaType.parseMediaType("text/yaml"));

    private Accepts() {}

    /**
     * The first of {@code offered} (in the client's order of preference, then ours) that Accept allows;
     * no Accept header means the first offered.
     */
    static MediaType choose(String accept, List<MediaType> offered) throws HttpMediaTypeNotAcceptableException {
        if (accept == null || accept.isBlank()) return offered.get(0);
        List<MediaType> wanted;
        try {
            wanted = new ArrayList<>(MediaType.parseMediaTypes(accept));
        } catch (InvalidMediaTypeException e) {
            throw new HttpMediaTypeNotAcceptableException(offered);
        }
        MimeTypeUtils.sortBySpecificity(wanted);
        wanted.sort((a, b) -> Double.compare(b.getQualityValue(), a.getQualityValue()));
        for (MediaType w : wanted) {
            if (w.getQualityValue() == 0) continue;
            for (MediaType o : offered) if (w.includes(o)) return o;
        }
        throw new HttpMediaTypeNotAcceptableException(offered);
    }

    static boolean isYaml(MediaType t) {
        for (MediaType y : YAML_TYPES) if (y.equalsTypeAndSubtype(t)) return true;
        return false;
    }
}
